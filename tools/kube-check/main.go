// Command kube-check reads a multi-document YAML render (kubectl kustomize output) on stdin and
// reports, one line per problem as "<kind>/<name>: <problem>", every object the Kubernetes API
// would reject (unknown kind, unknown or duplicate field, wrong type, malformed name, label or
// port), every cluster-scoped object, and every pod template that the Pod Security Standard
// "restricted" refuses. With -allow-cluster-scoped (the facilitator kit, applied by a cluster
// admin), cluster-scoped objects are accepted. Exit code 1 when it found a problem, 2 when stdin
// holds nothing to check, 0 otherwise. No cluster is needed: the schemas are the typed structs of k8s.io/api and
// the policy is the code the API server's PodSecurity admission plugin runs.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// The registered API groups hold only these cluster-scoped kinds.
var clusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "ComponentStatus": true,
	"ClusterRole": true, "ClusterRoleBinding": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"ValidatingWebhookConfiguration": true, "MutatingWebhookConfiguration": true,
	"MutatingAdmissionPolicy": true, "MutatingAdmissionPolicyBinding": true,
}

func main() {
	allowClusterScoped := flag.Bool("allow-cluster-scoped", false, "accept cluster-scoped objects")
	flag.Parse()
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kube-check: cannot read stdin: %v\n", err)
		os.Exit(2)
	}
	docs := splitDocuments(input)
	if len(docs) == 0 {
		fmt.Fprintln(os.Stderr, "kube-check: stdin holds no YAML document")
		os.Exit(2)
	}
	problems := 0
	report := func(label, problem string) {
		fmt.Printf("%s: %s\n", label, oneLine(problem))
		problems++
	}
	for i, doc := range docs {
		obj, kind, name, err := decodeStrict(doc)
		label := kind + "/" + name
		if kind == "" {
			label = fmt.Sprintf("document/%d", i+1)
		}
		if err != nil {
			report(label, err.Error())
			continue
		}
		if clusterScoped[kind] && !*allowClusterScoped {
			report(label, "cluster-scoped; the manifests must apply inside any one namespace")
		}
		for _, problem := range checkValues(obj) {
			report(label, problem)
		}
		for _, problem := range checkRestricted(obj) {
			report(label, problem)
		}
	}
	if problems > 0 {
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "kube-check: %d objects valid, pod templates pass restricted\n", len(docs))
}

var lineBreaks = regexp.MustCompile(`\s*\n\s*`)

// oneLine keeps the output at one line per problem: YAML errors come back multi-line.
func oneLine(message string) string {
	return lineBreaks.ReplaceAllString(strings.TrimSpace(message), " ")
}
