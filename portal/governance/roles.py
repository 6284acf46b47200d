"""The roles: the groups editors, reviewers and translators belong to (docs/governance.md).

Migrations keep these names as literal strings: they are history, and stay as they ran.
"""

CLINICAL_EDITORS = "Clinical editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
CLINICAL_GROUPS = [CLINICAL_EDITORS, CLINICAL_REVIEWERS]
# Draft translations and submit them for review; they neither publish nor sign off.
TRANSLATORS = "Translators"
# Who sees the clinical reports (what is due for review, which translations are out of date).
CONTENT_GROUPS = [*CLINICAL_GROUPS, TRANSLATORS]
