"""The register of national legal instruments, the state's adherence to the international
instruments, and outcomes of prosecutions: what the 1540, CPPNM Art. 14 and consolidated
reports are built from."""
