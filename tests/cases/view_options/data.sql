INSERT INTO accounts SELECT g, 'u' || (g % 3), g * 10 - 50 FROM generate_series(1, 12) g;
