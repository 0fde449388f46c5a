"""UI pieces several pages share (print labels, …); each module documents how to call it."""
