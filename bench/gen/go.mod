module faultline/bench/gen

go 1.22
