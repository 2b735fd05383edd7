"""relgraph.maps"""
