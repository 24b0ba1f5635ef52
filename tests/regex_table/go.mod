module regextable

go 1.22
