"""relgraph.audit"""
