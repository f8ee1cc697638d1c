-- Metabase's own application database, beside the central hotpot database (first start only).
CREATE DATABASE metabase;
