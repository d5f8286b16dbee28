CREATE SCHEMA app;
CREATE TYPE app.state AS ENUM ('on', 'off');
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE app.devices (
    id      int PRIMARY KEY,
    user_id int NOT NULL REFERENCES public.users (id),
    state   app.state NOT NULL DEFAULT 'off',
    label   text
);
CREATE INDEX ON app.devices (user_id);
CREATE TABLE app."Mixed Case" (id int PRIMARY KEY, device_id int REFERENCES app.devices);
CREATE TABLE public.readings (
    device_id int REFERENCES app.devices (id) ON DELETE CASCADE,
    state     app.state
);
