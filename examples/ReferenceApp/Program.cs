using Amazon.CDK;
using ContainerPatterns.Examples;

// Synthesizes every reference stack; `npx cdk synth <StackName>` picks one.
var app = new App();
ReferenceStacks.AddTo(app);
app.Synth();
