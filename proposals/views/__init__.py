"""Views of the suggestion ledger, split by who uses them: filing (deputies), handling, ledger."""
