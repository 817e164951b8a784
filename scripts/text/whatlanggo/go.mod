module github.com/parvis/parvis/scripts/text/whatlanggo

go 1.26

require github.com/abadojack/whatlanggo v1.0.1 // indirect
