package main

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/yaml"
)

// Only the API groups the lab and its facilitator kit use are registered: any other kind (a CRD,
// a typo in apiVersion) is reported instead of silently accepted.
var decoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme,
		networkingv1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
		admissionregistrationv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	// EnableStrict makes the decoder fail on unknown and duplicate fields, as
	// `kubectl apply --validate=strict` does against a live API server.
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}()

var separator = regexp.MustCompile(`(?m)^---[ \t]*$`)

func splitDocuments(input []byte) [][]byte {
	var docs [][]byte
	for _, part := range separator.Split(string(input), -1) {
		if len(bytes.TrimSpace(stripComments([]byte(part)))) > 0 {
			docs = append(docs, []byte(part))
		}
	}
	return docs
}

func stripComments(doc []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(doc, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

// decodeStrict returns the typed object with its kind and name. Those come from a loose read
// first, so that a schema error still names the object it belongs to.
func decodeStrict(doc []byte) (runtime.Object, string, string, error) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return nil, "", "", fmt.Errorf("not valid YAML: %w", err)
	}
	if head.APIVersion == "" || head.Kind == "" {
		return nil, head.Kind, head.Metadata.Name, errors.New("apiVersion and kind are required")
	}
	obj, _, err := decoder.Decode(doc, nil, nil)
	return obj, head.Kind, head.Metadata.Name, err
}
