"""Labels: formats, layout, vector QR codes, sheets, and what each label says."""
