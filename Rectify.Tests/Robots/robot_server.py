"""Plays the group-robot platforms for Rectify's tests, on a loopback port only.

POST /cgi-bin/webhook/send?key=K          企业微信  (no signature)
POST /robot/send?access_token=T&timestamp=MS&sign=S   钉钉 (sign = urlencode(base64(HMAC-SHA256(secret, "MS\\nsecret"))))
POST /open-apis/bot/v2/hook/T             飞书 (body timestamp + sign = base64(HMAC-SHA256(key="ts\\nsecret", msg=b"")))
POST /webhook/...                         generic (X-Rectify-Timestamp, X-Rectify-Signature = sha256=hex(HMAC(secret, "ts\\nbody")))

Each platform checks its credentials, signature and JSON shape and answers as the platform does: success, its error codes
(bad key, signature mismatch, bad message) and rate-limit answers. A key/token of "ratelimited" always answers the rate limit.
Every request is appended to --log as one JSON line: platform, path, query, body (parsed), answer.
"""
import argparse
import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()


def log(entry):
    with LOCK:
        with open(ARGS.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def b64_hmac(key, message):
    return base64.b64encode(hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")


def fresh(timestamp_seconds):
    return abs(time.time() - timestamp_seconds) <= 3600


def is_str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def wecom(query, body):
    key = query.get("key", [""])[0]
    if key == "ratelimited":
        return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
    if key != ARGS.wecom_key:
        return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
    kind = body.get("msgtype")
    if kind == "markdown":
        content = (body.get("markdown") or {}).get("content")
        if not isinstance(content, str) or not content or len(content.encode("utf-8")) > 4096:
            return 200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096 or empty"}
    elif kind == "text":
        text = body.get("text") or {}
        content = text.get("content")
        if not isinstance(content, str) or not content or len(content.encode("utf-8")) > 2048:
            return 200, {"errcode": 40058, "errmsg": "text.content exceed max length 2048 or empty"}
        if "mentioned_mobile_list" in text and not is_str_list(text["mentioned_mobile_list"]):
            return 200, {"errcode": 40058, "errmsg": "invalid mentioned_mobile_list"}
    else:
        return 200, {"errcode": 40008, "errmsg": "invalid message type"}
    return 200, {"errcode": 0, "errmsg": "ok"}


def dingtalk(query, body):
    token = query.get("access_token", [""])[0]
    if token == "ratelimited":
        return 200, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
    if token != ARGS.dingtalk_token:
        return 200, {"errcode": 300001, "errmsg": "token is not exist"}
    timestamp = query.get("timestamp", [""])[0]
    sign = query.get("sign", [""])[0]  # parse_qs has already url-decoded it
    if not timestamp.isdigit() or not fresh(int(timestamp) / 1000) or sign != b64_hmac(ARGS.dingtalk_secret, timestamp + "\n" + ARGS.dingtalk_secret):
        return 200, {"errcode": 310000, "errmsg": "sign not match, more: [https://open.dingtalk.com/document/robots/customize-robot-security-settings]"}
    markdown = body.get("markdown") or {}
    at = body.get("at") or {}
    if body.get("msgtype") != "markdown" or not isinstance(markdown.get("title"), str) or not isinstance(markdown.get("text"), str) \
            or not is_str_list(at.get("atMobiles", [])) or any(("@" + m) not in markdown["text"] for m in at.get("atMobiles", [])):
        return 200, {"errcode": 40035, "errmsg": "缺少参数 json"}
    return 200, {"errcode": 0, "errmsg": "ok"}


def feishu(path, body):
    token = path.rsplit("/", 1)[-1]
    if token == "ratelimited":
        return 200, {"code": 11232, "msg": "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]", "data": {}}
    if token != ARGS.feishu_token:
        return 200, {"code": 19001, "msg": "param invalid: incoming webhook access token invalid", "data": {}}
    if ARGS.feishu_secret:
        timestamp = str(body.get("timestamp", ""))
        expected = base64.b64encode(hmac.new((timestamp + "\n" + ARGS.feishu_secret).encode("utf-8"), b"", hashlib.sha256).digest()).decode("ascii")
        if not timestamp.isdigit() or not fresh(int(timestamp)) or body.get("sign") != expected:
            return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time", "data": {}}
    card = body.get("card") or {}
    elements = card.get("elements")
    if body.get("msg_type") != "interactive" or not isinstance(elements, list) or not elements \
            or not all(isinstance(e, dict) and e.get("tag") == "markdown" and isinstance(e.get("content"), str) for e in elements):
        return 400, {"code": 9499, "msg": "Bad Request", "data": {}}
    return 200, {"StatusCode": 0, "StatusMessage": "success", "code": 0, "msg": "success", "data": {}}


def webhook(path, headers, raw, body):
    if path.endswith("/ratelimited"):
        return 429, {"error": "slow down"}
    if path != ARGS.webhook_path:
        return 404, {"error": "no such hook"}
    if ARGS.webhook_secret:
        timestamp = headers.get("X-Rectify-Timestamp", "")
        expected = "sha256=" + hmac.new(ARGS.webhook_secret.encode("utf-8"), (timestamp + "\n").encode("utf-8") + raw, hashlib.sha256).hexdigest()
        if not timestamp.isdigit() or not fresh(int(timestamp)) or headers.get("X-Rectify-Signature") != expected:
            return 401, {"error": "bad signature"}
    if not all(isinstance(body.get(k), str) for k in ("title", "markdown", "text")) or not isinstance(body.get("mentions"), list):
        return 400, {"error": "bad shape"}
    return 200, {"ok": True}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(raw.decode("utf-8"))
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            body = None
        if url.path == "/cgi-bin/webhook/send":
            platform = "WeCom"
            status, answer = (200, {"errcode": 40008, "errmsg": "invalid json"}) if body is None else wecom(query, body)
        elif url.path == "/robot/send":
            platform = "DingTalk"
            status, answer = (200, {"errcode": 40035, "errmsg": "invalid json"}) if body is None else dingtalk(query, body)
        elif url.path.startswith("/open-apis/bot/v2/hook/"):
            platform = "Feishu"
            status, answer = (400, {"code": 9499, "msg": "Bad Request"}) if body is None else feishu(url.path, body)
        elif url.path.startswith("/webhook/"):
            platform = "Webhook"
            status, answer = (400, {"error": "bad json"}) if body is None else webhook(url.path, self.headers, raw, body)
        else:
            platform, status, answer = "none", 404, {"error": "not found"}
        log({"platform": platform, "path": url.path, "query": {k: v[0] for k, v in query.items()},
             "contentType": self.headers.get("Content-Type", ""), "body": body, "status": status, "answer": answer})
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "120")
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--wecom-key", default="")
    parser.add_argument("--dingtalk-token", default="")
    parser.add_argument("--dingtalk-secret", default="")
    parser.add_argument("--feishu-token", default="")
    parser.add_argument("--feishu-secret", default="")
    parser.add_argument("--webhook-path", default="/webhook/rectify")
    parser.add_argument("--webhook-secret", default="")
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    print("listening", ARGS.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
