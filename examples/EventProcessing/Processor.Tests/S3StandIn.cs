using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;

namespace ContainerPatterns.Examples.EventProcessing.Processor.Tests;

/// <summary>
/// A local HTTP listener standing in for S3 as a task role without s3:ListBucket sees it: GET of a key it holds answers
/// the content, GET of any other key answers 403 AccessDenied (S3's answer for a missing key to such a caller).
/// </summary>
internal sealed class S3StandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public S3StandIn()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    /// <summary>Object content by decoded path (<c>/bucket/key</c>).</summary>
    public ConcurrentDictionary<string, string> Objects { get; } = new();

    /// <summary>The decoded paths of the GET requests, in order.</summary>
    public ConcurrentQueue<string> Requested { get; } = new();

    /// <summary>An S3 client that talks to this stand-in (path-style, test credentials, no retries).</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials("AKIDEXAMPLE", "test-secret"), new AmazonS3Config
    {
        ServiceURL = Uri.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "eu-west-1",
        MaxErrorRetry = 0,
    });

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var raw = context.Request.RawUrl ?? "/";
            var path = Uri.UnescapeDataString(raw.Split('?')[0]);
            Requested.Enqueue(path);
            var (status, type, body) = Objects.TryGetValue(path, out var content)
                ? (200, "text/plain", content)
                : (403, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>TEST</RequestId><HostId>TEST</HostId></Error>");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
