-- Run once by the postgres image when its volume is new: VizTube's own database beside Vizora's.
CREATE DATABASE viztube OWNER vizora;
