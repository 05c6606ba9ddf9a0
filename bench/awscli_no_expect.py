"""An AWS CLI v2 plugin the benchmark loads (bench/lib.sh writes the [plugins] section): uploads without
"Expect: 100-continue".

S3Mock's server answers that header with "HTTP/1.1 100 " and no reason phrase, which HTTP allows. The botocore
inside the AWS CLI v2 that Debian 12 ships (2.9.19) only recognises an interim 100 that has a reason phrase; it then
never sends the body and fails every PutObject and UploadPart with "Connection was closed before we received a valid
response". Later botocore releases accept the bare form. Without the header the body is sent at once, as rclone and
aiohttp send theirs. The header is not signed, so dropping it after signing is safe.
"""


def _send_without_expect(request, **kwargs):
    if "Expect" in request.headers:
        del request.headers["Expect"]


def awscli_initialize(cli):
    cli.register("before-send.s3", _send_without_expect)
