-- One database per service (services own their data) plus Temporal's own.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
CREATE DATABASE intake;
CREATE DATABASE assessment;
CREATE DATABASE voting;
CREATE DATABASE decision;
CREATE DATABASE notify;
