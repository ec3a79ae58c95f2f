using Amazon.SQS;
using ContainerPatterns.Examples.QueueWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The reference queue worker. QueueWorkerService sets QUEUE_URL; ECS sets ECS_AGENT_URI (absent outside ECS, where
// scale-in protection is skipped). The host turns SIGTERM into a graceful stop.
var builder = Host.CreateApplicationBuilder(args);
var queueUrl = builder.Configuration["QUEUE_URL"];
if (string.IsNullOrWhiteSpace(queueUrl))
{
    Console.Error.WriteLine("QUEUE_URL is not set: the worker needs the URL of the queue it consumes.");
    return 2;
}

var agent = builder.Configuration["ECS_AGENT_URI"];
// Shorter than the task's 120-second stop timeout, so a message in hand is finished before ECS sends SIGKILL.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(100));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient());
builder.Services.AddSingleton<IMessageQueue>(s => new SqsMessageQueue(s.GetRequiredService<IAmazonSQS>(), queueUrl));
builder.Services.AddSingleton<ITaskProtection>(s => new EcsTaskProtection(
    new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
    string.IsNullOrWhiteSpace(agent) ? null : new Uri(agent),
    s.GetRequiredService<ILogger<EcsTaskProtection>>()));
builder.Services.AddSingleton<IMessageHandler, WordCountHandler>();
builder.Services.AddHostedService<QueueWorker>();
await builder.Build().RunAsync();
return 0;
