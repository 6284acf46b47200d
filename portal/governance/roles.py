"""The clinical roles: the groups editors and reviewers belong to (docs/governance.md).

Migrations keep these names as literal strings: they are history, and stay as they ran.
"""

CLINICAL_EDITORS = "Clinical editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
CLINICAL_GROUPS = [CLINICAL_EDITORS, CLINICAL_REVIEWERS]
