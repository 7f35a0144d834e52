module faultline/bench/txngen

go 1.22
