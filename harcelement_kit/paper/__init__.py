"""Paper: fpdf2 worksheets, answer keys, cards to cut out, vector QR codes (no Textual)."""

__all__ = ["sheet", "qr", "worksheets"]
