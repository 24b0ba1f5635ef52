// istio-agent-pull: fetches a Wasm module the way the Istio sidecar agent does, with Istio's own code
// (istio.io/istio/pkg/wasm: MaybeConvertWasmExtensionConfig and LocalFileCache), so the tests prove what Istio
// accepts rather than what our own client accepts.
//
// Given a WasmPlugin, it first builds the ECDS resource istiod would send for it (pilot/pkg/model/extensions.go:
// buildDataSource and buildVMConfig; the pull secret's .dockerconfigjson as pilot/pkg/credentials/kube reads it).
// Given an EnvoyFilter, the resource is its EXTENSION_CONFIG patch, which istiod sends unchanged.
//
//	istio-agent-pull -cache DIR [-secret SECRET.yaml] MANIFEST.yaml
//
// prints {"module": "<local file>"} when the agent rewrote the resource to a local file, or
// {"error": "..."} (exit 1) when it fell back to its deny filter; the agent's own log goes to stderr.
package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	httpwasm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	networkwasm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/wasm/v3"
	wasmextensions "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pkg/log"
	"istio.io/istio/pkg/model"
	"istio.io/istio/pkg/wasm"
)

type wasmPluginSpec struct {
	URL             string          `json:"url"`
	Sha256          string          `json:"sha256"`
	ImagePullPolicy string          `json:"imagePullPolicy"`
	ImagePullSecret string          `json:"imagePullSecret"`
	PluginName      string          `json:"pluginName"`
	Type            string          `json:"type"`
	PluginConfig    json.RawMessage `json:"pluginConfig"`
}

type manifest struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
	Spec json.RawMessage `json:"spec"`
}

type envoyFilterSpec struct {
	ConfigPatches []struct {
		ApplyTo string `json:"applyTo"`
		Patch   struct {
			Value json.RawMessage `json:"value"`
		} `json:"patch"`
	} `json:"configPatches"`
}

type secret struct {
	Type     string `json:"type"`
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Data map[string][]byte `json:"data"`
}

func main() {
	cacheDir, secretFile, manifestFile := "", "", ""
	for i := 1; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-cache":
			i++
			cacheDir = os.Args[i]
		case "-secret":
			i++
			secretFile = os.Args[i]
		default:
			manifestFile = os.Args[i]
		}
	}
	if cacheDir == "" || manifestFile == "" {
		fail("usage: istio-agent-pull -cache DIR [-secret SECRET.yaml] MANIFEST.yaml")
	}
	options := log.DefaultOptions()
	options.OutputPaths = []string{"stderr"}
	if err := log.Configure(options); err != nil {
		fail(err.Error())
	}
	resource, err := ecdsResource(manifestFile, secretFile)
	if err != nil {
		fail(err.Error())
	}
	// The agent's data folder exists before the cache is made in it.
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		fail(err.Error())
	}
	cache := wasm.NewLocalFileCache(cacheDir, wasm.Options{})
	defer cache.Cleanup()
	resources := []*anypb.Any{resource}
	if err := wasm.MaybeConvertWasmExtensionConfig(resources, cache); err != nil {
		fail(err.Error())
	}
	module, err := localModule(resources[0])
	if err != nil {
		fail(err.Error())
	}
	out, _ := json.Marshal(map[string]string{"module": module})
	fmt.Println(string(out))
}

func fail(message string) {
	out, _ := json.Marshal(map[string]string{"error": message})
	fmt.Println(string(out))
	os.Exit(1)
}

func ecdsResource(manifestFile, secretFile string) (*anypb.Any, error) {
	var m manifest
	if err := readYAML(manifestFile, &m); err != nil {
		return nil, err
	}
	switch m.Kind {
	case "WasmPlugin":
		var spec wasmPluginSpec
		if err := json.Unmarshal(m.Spec, &spec); err != nil {
			return nil, err
		}
		return wasmPluginResource(m, spec, secretFile)
	case "EnvoyFilter":
		var spec envoyFilterSpec
		if err := json.Unmarshal(m.Spec, &spec); err != nil {
			return nil, err
		}
		for _, patch := range spec.ConfigPatches {
			if patch.ApplyTo != "EXTENSION_CONFIG" {
				continue
			}
			ec := &core.TypedExtensionConfig{}
			if err := protojson.Unmarshal(patch.Patch.Value, ec); err != nil {
				return nil, fmt.Errorf("EXTENSION_CONFIG patch: %v", err)
			}
			return anypb.New(ec)
		}
		return nil, fmt.Errorf("%s has no EXTENSION_CONFIG patch", manifestFile)
	}
	return nil, fmt.Errorf("%s: kind %q is neither WasmPlugin nor EnvoyFilter", manifestFile, m.Kind)
}

// wasmPluginResource is the extension config istiod sends for a WasmPlugin.
func wasmPluginResource(m manifest, spec wasmPluginSpec, secretFile string) (*anypb.Any, error) {
	u, err := url.Parse(spec.URL)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "" {
		u.Scheme = "oci"
	}
	envs := map[string]string{model.WasmResourceVersionEnv: "1"}
	if spec.ImagePullPolicy != "" {
		envs[model.WasmPolicyEnv] = spec.ImagePullPolicy
	}
	if spec.ImagePullSecret != "" {
		// istiod puts the secret's docker config in its place, or "" when it cannot read one (the agent then refuses).
		envs[model.WasmSecretEnv] = ""
		if secretFile != "" {
			var s secret
			if err := readYAML(secretFile, &s); err != nil {
				return nil, err
			}
			if s.Metadata.Name == spec.ImagePullSecret && s.Type == "kubernetes.io/dockerconfigjson" {
				envs[model.WasmSecretEnv] = string(s.Data[".dockerconfigjson"])
			}
		}
	}
	name := m.Metadata.Namespace + "." + m.Metadata.Name
	config := &wasmextensions.PluginConfig{
		Name:   name,
		RootId: spec.PluginName,
		Vm: &wasmextensions.PluginConfig_VmConfig{VmConfig: &wasmextensions.VmConfig{
			Runtime: "envoy.wasm.runtime.v8",
			Code: &core.AsyncDataSource{Specifier: &core.AsyncDataSource_Remote{Remote: &core.RemoteDataSource{
				HttpUri: &core.HttpUri{Uri: u.String(), Timeout: durationpb.New(30 * time.Second), HttpUpstreamType: &core.HttpUri_Cluster{Cluster: "_"}},
				Sha256:  spec.Sha256,
			}}},
			EnvironmentVariables: &wasmextensions.EnvironmentVariables{KeyValues: envs},
		}},
	}
	if len(spec.PluginConfig) > 0 {
		value, err := anypb.New(wrapperspb.String(string(spec.PluginConfig)))
		if err != nil {
			return nil, err
		}
		config.Configuration = value
	}
	var filter proto.Message = &httpwasm.Wasm{Config: config}
	if spec.Type == "NETWORK" {
		filter = &networkwasm.Wasm{Config: config}
	}
	typed, err := anypb.New(filter)
	if err != nil {
		return nil, err
	}
	return anypb.New(&core.TypedExtensionConfig{Name: name, TypedConfig: typed})
}

// localModule is the file the agent rewrote the resource to; a deny filter in its place means the fetch failed.
func localModule(resource *anypb.Any) (string, error) {
	ec := &core.TypedExtensionConfig{}
	if err := resource.UnmarshalTo(ec); err != nil {
		return "", err
	}
	var config *wasmextensions.PluginConfig
	httpFilter, networkFilter := &httpwasm.Wasm{}, &networkwasm.Wasm{}
	switch {
	case ec.TypedConfig.MessageIs(httpFilter):
		if err := ec.TypedConfig.UnmarshalTo(httpFilter); err != nil {
			return "", err
		}
		config = httpFilter.Config
	case ec.TypedConfig.MessageIs(networkFilter):
		if err := ec.TypedConfig.UnmarshalTo(networkFilter); err != nil {
			return "", err
		}
		config = networkFilter.Config
	default:
		return "", fmt.Errorf("the agent replaced the module with %s (the fetch failed; its log says why)", strings.TrimPrefix(ec.TypedConfig.TypeUrl, "type.googleapis.com/"))
	}
	file := config.GetVmConfig().GetCode().GetLocal().GetFilename()
	if file == "" {
		return "", fmt.Errorf("the agent left the module remote")
	}
	return file, nil
}

func readYAML(file string, into any) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	return nil
}
