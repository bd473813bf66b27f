package main

import (
	"context"
	"os"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/cel/environment"
)

// The facilitator kit's admission policy, compiled and evaluated by the API server's own
// ValidatingAdmissionPolicy code (k8s.io/apiserver), on the namespace updates a room produces.
// Run by tests/manifests (facilitator.test.ts): go test -run TestReloaderOptInPolicy .

const policyFile = "../../kustomize/facilitator/cluster/reloader-opt-in-policy.yaml"

// compile mirrors compilePolicy in k8s.io/apiserver/pkg/admission/plugin/policy/validating
// (plugin.go), which is not exported: same compiler, environment and evaluators.
func compile(t *testing.T, policy *admissionregistrationv1.ValidatingAdmissionPolicy) validating.Validator {
	compiler, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		t.Fatal(err)
	}
	withAuthorizer := cel.OptionalVariableDeclarations{HasAuthorizer: true}
	variables := make([]cel.NamedExpressionAccessor, len(policy.Spec.Variables))
	for i, v := range policy.Spec.Variables {
		variables[i] = &validating.Variable{Name: v.Name, Expression: v.Expression}
	}
	compiler.CompileAndStoreVariables(variables, withAuthorizer, environment.StoredExpressions)
	conditions := make([]cel.ExpressionAccessor, len(policy.Spec.MatchConditions))
	for i := range policy.Spec.MatchConditions {
		conditions[i] = (*matchconditions.MatchCondition)(&policy.Spec.MatchConditions[i])
	}
	matcher := matchconditions.NewMatcher(
		compiler.CompileCondition(conditions, withAuthorizer, environment.StoredExpressions),
		policy.Spec.FailurePolicy, "policy", "validate", policy.Name)
	validations := make([]cel.ExpressionAccessor, len(policy.Spec.Validations))
	messages := make([]cel.ExpressionAccessor, len(policy.Spec.Validations))
	for i, v := range policy.Spec.Validations {
		validations[i] = &validating.ValidationCondition{Expression: v.Expression, Message: v.Message, Reason: v.Reason}
		if v.MessageExpression != "" {
			messages[i] = &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}
		}
	}
	return validating.NewValidator(
		compiler.CompileCondition(validations, withAuthorizer, environment.StoredExpressions),
		matcher,
		compiler.CompileCondition(nil, withAuthorizer, environment.StoredExpressions),
		compiler.CompileCondition(messages, cel.OptionalVariableDeclarations{}, environment.StoredExpressions),
		policy.Spec.FailurePolicy, nil)
}

func loadPolicy(t *testing.T) *admissionregistrationv1.ValidatingAdmissionPolicy {
	input, err := os.ReadFile(policyFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range splitDocuments(input) {
		obj, _, _, err := decodeStrict(doc)
		if err != nil {
			t.Fatal(err)
		}
		if policy, ok := obj.(*admissionregistrationv1.ValidatingAdmissionPolicy); ok {
			return policy
		}
	}
	t.Fatalf("%s: no ValidatingAdmissionPolicy", policyFile)
	return nil
}

func namespace(name string, labels map[string]string) *corev1.Namespace {
	all := map[string]string{
		"kubernetes.io/metadata.name":        name,
		"pod-security.kubernetes.io/enforce": "restricted",
	}
	for k, v := range labels {
		all[k] = v
	}
	return &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: all},
	}
}

// denied runs the policy on an update of a namespace by username, as the API server would.
func denied(t *testing.T, validator validating.Validator, username string, old, updated *corev1.Namespace) []string {
	kind := corev1.SchemeGroupVersion.WithKind("Namespace")
	resource := corev1.SchemeGroupVersion.WithResource("namespaces")
	attributes := admission.NewAttributesRecord(updated, old, kind, "", updated.Name, resource, "",
		admission.Update, &metav1.UpdateOptions{}, false, &user.DefaultInfo{Name: username})
	versioned := &admission.VersionedAttributes{
		Attributes: attributes, VersionedKind: kind,
		VersionedObject: admission.NewLazyObject(updated), VersionedOldObject: admission.NewLazyObject(old),
	}
	result := validator.Validate(context.Background(), resource, versioned, nil, nil, celconfig.RuntimeCELCostBudget, nil)
	var messages []string
	for _, decision := range result.Decisions {
		if decision.Evaluation == validating.EvalError {
			t.Fatalf("the policy does not evaluate: %s", decision.Message)
		}
		if decision.Action == validating.ActionDeny {
			messages = append(messages, decision.Message)
		}
	}
	return messages
}

func TestReloaderOptInPolicy(t *testing.T) {
	validator := compile(t, loadPolicy(t))
	const attendee = "system:serviceaccount:trainee-7:attendee"
	optIn := map[string]string{"tracing-lab.dev/reloader": "enabled"}
	plain := namespace("trainee-7", nil)
	optedIn := namespace("trainee-7", optIn)
	privileged := namespace("trainee-7", map[string]string{"pod-security.kubernetes.io/enforce": "privileged"})
	annotated := namespace("trainee-7", nil)
	annotated.Annotations = map[string]string{"scheduler.alpha.kubernetes.io/node-selector": "pool=big"}

	cases := []struct {
		name, user  string
		old, update *corev1.Namespace
		deny        string
	}{
		{"an attendee opts their namespace in", attendee, plain, optedIn, ""},
		{"an attendee opts out again", attendee, optedIn, plain, ""},
		{"an attendee lifts Pod Security", attendee, plain, privileged, "label tracing-lab.dev/reloader only"},
		{"an attendee annotates their namespace", attendee, plain, annotated, "label tracing-lab.dev/reloader only"},
		{"an attendee labels another namespace", "system:serviceaccount:trainee-8:attendee", plain, optedIn, "their own namespace only"},
		{"the facilitator changes anything", "kubernetes-admin", plain, privileged, ""},
		{"another ServiceAccount is not an attendee", "system:serviceaccount:reloader:reloader", plain, privileged, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			messages := denied(t, validator, c.user, c.old, c.update)
			if c.deny == "" && len(messages) > 0 {
				t.Fatalf("denied: %v", messages)
			}
			if c.deny != "" && !strings.Contains(strings.Join(messages, "\n"), c.deny) {
				t.Fatalf("want a denial saying %q, got %v", c.deny, messages)
			}
		})
	}
}
