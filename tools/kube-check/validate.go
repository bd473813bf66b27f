package main

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
)

// checkValues runs the few value checks the API server applies beyond the schema that a
// hand-edited manifest most often trips on: names, labels, port names and numbers.
func checkValues(obj runtime.Object) []string {
	var problems []string
	add := func(where string, errs []string) {
		for _, e := range errs {
			problems = append(problems, where+": "+e)
		}
	}
	if accessor, ok := obj.(metav1.Object); ok {
		nameCheck := validation.IsDNS1123Subdomain
		if _, isService := obj.(*corev1.Service); isService {
			nameCheck = validation.IsDNS1035Label
		}
		add("metadata.name", nameCheck(accessor.GetName()))
		add("metadata.labels", labelProblems(accessor.GetLabels()))
	}
	switch o := obj.(type) {
	case *corev1.Service:
		add("spec.selector", labelProblems(o.Spec.Selector))
		for _, port := range o.Spec.Ports {
			where := fmt.Sprintf("spec.ports[%s]", port.Name)
			add(where+".name", validation.IsValidPortName(port.Name))
			add(where+".port", validation.IsValidPortNum(int(port.Port)))
		}
	case *appsv1.Deployment:
		add("spec.template.metadata.labels", labelProblems(o.Spec.Template.Labels))
		for _, c := range o.Spec.Template.Spec.Containers {
			add(fmt.Sprintf("container %q name", c.Name), validation.IsDNS1123Label(c.Name))
			for _, port := range c.Ports {
				where := fmt.Sprintf("container %q port %d", c.Name, port.ContainerPort)
				if port.Name != "" {
					add(where+" name", validation.IsValidPortName(port.Name))
				}
				add(where, validation.IsValidPortNum(int(port.ContainerPort)))
			}
		}
	}
	return problems
}

func labelProblems(labels map[string]string) []string {
	var problems []string
	for key, value := range labels {
		for _, e := range validation.IsQualifiedName(key) {
			problems = append(problems, fmt.Sprintf("key %q: %s", key, e))
		}
		for _, e := range validation.IsValidLabelValue(value) {
			problems = append(problems, fmt.Sprintf("%s=%q: %s", key, value, strings.TrimSpace(e)))
		}
	}
	return problems
}
