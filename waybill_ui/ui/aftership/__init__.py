"""Parts of the 售后 page (issue 22): freight bills, interceptions and returns, alert channels."""
