"""State profiles (the jurisdictions using nucsec) and their place on the implementation cycle."""
