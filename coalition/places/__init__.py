"""Places: communities (urban communities and villages) and the grids inside them."""
