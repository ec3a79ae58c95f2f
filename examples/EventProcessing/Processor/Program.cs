using System.Collections;
using Amazon.DynamoDBv2;
using Amazon.S3;
using ContainerPatterns.Examples.EventProcessing.Processor;

// Environment: BUCKET_NAME, OBJECT_KEY, TABLE_NAME ("process"); TABLE_NAME, REPORT_BUCKET, REPORT_PREFIX, SCHEDULED_TIME
// ("report"; Scheduler fills SCHEDULED_TIME in through the schedule target's container overrides).
// AWS credentials and region come from the task role and the task's metadata, as the SDK finds them on ECS.
var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => e.Value as string);
using var s3 = new AmazonS3Client();
using var dynamo = new AmazonDynamoDBClient();
var table = environment.GetValueOrDefault("TABLE_NAME") ?? string.Empty;
using var stop = new CancellationTokenSource();
// ECS sends SIGTERM before it stops the task: stop cleanly instead of being killed mid-write.
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
var app = new ProcessorApp(new S3ObjectStore(s3), new DynamoSummaryTable(dynamo, table), TimeProvider.System, Console.Out, Console.Error);
return await app.RunAsync(args, environment, stop.Token);
