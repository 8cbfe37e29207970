from . import account_invoice_chorus_send
