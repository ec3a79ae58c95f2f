// Namespaces nearly every file of the library uses; kept here once instead of at the top of each file.
global using Amazon.CDK;
global using Constructs;
global using ContainerPatterns.Internal;
