"""Verifiable publication: the state's signing keys, signed release manifests, their
verification, and the static transparency site built from released (PUBLIC) material.

It sits below `reports`: a release hands it plain facts and files to sign, so nothing here
imports the reports capability.
"""
