package main

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

var evaluator = func() policy.Evaluator {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(err)
	}
	return e
}()

// restrictedLatest is what a namespace labelled pod-security.kubernetes.io/enforce=restricted
// enforces when it pins no version.
var restrictedLatest = api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()}

// checkRestricted evaluates the pod template an object carries, as the admission plugin does
// when it warns about a Deployment or rejects its pods.
func checkRestricted(obj runtime.Object) []string {
	meta, spec := podTemplate(obj)
	if spec == nil {
		return nil
	}
	var problems []string
	for _, result := range evaluator.EvaluatePod(restrictedLatest, meta, spec) {
		if result.Allowed {
			continue
		}
		problem := "violates PodSecurity restricted:latest: " + result.ForbiddenReason
		if result.ForbiddenDetail != "" {
			problem += " (" + result.ForbiddenDetail + ")"
		}
		problems = append(problems, problem)
	}
	return problems
}

func podTemplate(obj runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec
	case *corev1.PodTemplate:
		return &o.Template.ObjectMeta, &o.Template.Spec
	case *corev1.ReplicationController:
		if o.Spec.Template == nil {
			return nil, nil
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.Deployment:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.Job:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec
	default:
		return nil, nil
	}
}
