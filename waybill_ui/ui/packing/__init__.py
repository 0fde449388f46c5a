"""Parts of the packing pages (issue 21): a server-side pager, the barcode map section, PDF printing."""
