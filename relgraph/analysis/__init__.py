"""relgraph.analysis"""
