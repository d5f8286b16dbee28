INSERT INTO shifts SELECT g, timerange('08:00', '12:00') FROM generate_series(1, 5) g;
