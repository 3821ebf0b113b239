"""Reviews (self-assessments, IPPAS/INSServ missions, exercises), their findings and follow-up."""
