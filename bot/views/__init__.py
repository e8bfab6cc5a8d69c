"""How shifts and series read on a phone: texts, cards, keyboards, and the hours workbook."""
