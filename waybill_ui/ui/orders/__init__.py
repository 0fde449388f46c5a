"""Building blocks of the 订单发货 page: the import, ship and batch-ship dialogs."""
