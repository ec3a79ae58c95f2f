using Amazon.CDK;
using ContainerPatterns.Examples;

// Keeps jsii's per-process copy of its packages (~66 MB) out of the machine's temporary directory.
ProcessTempDirectory.Use("containerpatterns-synth");

// Synthesizes every reference stack; `npx cdk synth <StackName>` picks one.
var app = new App();
ReferenceStacks.AddTo(app);
app.Synth();
