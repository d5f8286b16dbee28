INSERT INTO invoices SELECT g, ROW('EUR', g * 100, 'n')::money_amount FROM generate_series(1, 10) g;
