CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TYPE mood AS ENUM ('happy');
