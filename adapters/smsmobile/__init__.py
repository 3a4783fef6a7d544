"""smsmobile: typed client for SMSMobileAPI (WhatsApp and SMS through your own phone)."""
