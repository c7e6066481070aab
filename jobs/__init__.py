"""Jobs: companies and the product-management roles they hire for."""
