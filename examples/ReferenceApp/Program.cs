using Amazon.CDK;
using ContainerPatterns.Examples;

// Keeps jsii's per-process copy of its packages (~66 MB) out of the machine's temporary directory, and loads
// Amazon.CDK.Lib's types on another core while the jsii runtime starts (see bench/ and README, "Performance").
ProcessTempDirectory.Use("containerpatterns-synth");
JsiiWarmUp.Start();

// Synthesizes every reference stack; `npx cdk synth <StackName>` picks one.
var app = new App();
ReferenceStacks.AddTo(app);
app.Synth();
