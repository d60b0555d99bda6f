"""Reading a donor's spreadsheet (CSV or Excel): headers, rows, checked values."""
