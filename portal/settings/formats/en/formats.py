# English as the portal has always written dates: "3 December 2026" (Django's is "Dec. 3, 2026").
# Spanish keeps Django's own, "3 de diciembre de 2026". Templates use `|date` without a format.
DATE_FORMAT = "j F Y"
