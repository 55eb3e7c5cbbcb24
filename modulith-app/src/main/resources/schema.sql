create table if not exists completed_orders (id varchar(64) primary key, customer varchar(64) not null);
