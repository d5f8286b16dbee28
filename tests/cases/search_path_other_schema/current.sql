CREATE SCHEMA app;
CREATE TABLE public.countries (code text PRIMARY KEY);
CREATE TABLE app.tenants (id int PRIMARY KEY, name text);
CREATE TABLE public.tenants (id int PRIMARY KEY);
