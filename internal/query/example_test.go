package query_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/parvis/parvis/internal/query"
)

func Example() {
	q, err := query.Parse(`(sncf OU #GreveSNCF) grève SAUF "grève générale"`)
	if err != nil {
		panic(err)
	}
	fmt.Println(query.Print(q))

	m := query.NewMatcher[string]()
	if err := m.Add("strike", q); err != nil {
		panic(err)
	}
	if err := m.Add("trains", query.MustParse("train* NOT lang:en")); err != nil {
		panic(err)
	}
	d := query.NewDoc("Encore une GRÈVE à la SNCF, aucun train ce matin #GreveSNCF")
	d.Lang = "fr"
	ids := m.Match(d, nil)
	slices.Sort(ids)
	fmt.Println(ids)
	// Output:
	// (sncf OR #GreveSNCF) AND grève AND NOT "grève générale"
	// [strike trains]
}

func ExampleParse_error() {
	_, err := query.Parse(`(greve AND sncf))`)
	fmt.Println(err)
	var qe *query.Error
	if errors.As(err, &qe) {
		fmt.Println(qe.Line, qe.Column)
	}
	// Output:
	// unexpected ')' at column 17
	// 1 17
}

func ExampleLint() {
	for _, w := range query.Lint(query.MustParse("greve and sncf NOT greve")) {
		fmt.Println(w.Code)
	}
	// Output:
	// never-matches
	// lowercase-operator
}
