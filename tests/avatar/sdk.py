# The Python SDK class of seed 001 ("예제 코드 › Python SDK"), pasted unchanged.
import asyncio
import requests
import websockets
import json
import base64
from typing import Callable, Dict, Any

class InterviewAvatarClient:
    """실시간 면접 아바타 클라이언트"""

    def __init__(self, api_url: str, api_key: str):
        self.api_url = api_url.rstrip('/')
        self.api_key = api_key
        self.headers = {
            "Content-Type": "application/json",
            "X-API-Key": self.api_key
        }
        self.ws = None
        self.handlers = {}

    def on(self, event_type: str, handler: Callable):
        """이벤트 핸들러 등록"""
        self.handlers[event_type] = handler

    async def create_session(
        self,
        user_id: str,
        interview_type: str = "general",
        language: str = "ko",
        difficulty: str = "medium"
    ) -> Dict[str, Any]:
        """세션 생성"""
        url = f"{self.api_url}/api/sessions"
        payload = {
            "user_id": user_id,
            "interview_type": interview_type,
            "language": language,
            "difficulty": difficulty
        }

        response = requests.post(url, headers=self.headers, json=payload)
        response.raise_for_status()
        return response.json()

    async def get_session(self, session_id: str) -> Dict[str, Any]:
        """세션 조회"""
        url = f"{self.api_url}/api/sessions/{session_id}"
        response = requests.get(url, headers=self.headers)
        response.raise_for_status()
        return response.json()

    async def terminate_session(self, session_id: str) -> Dict[str, Any]:
        """세션 종료"""
        url = f"{self.api_url}/api/sessions/{session_id}"
        response = requests.delete(url, headers=self.headers)
        response.raise_for_status()
        return response.json()

    async def connect(self, session_id: str):
        """WebSocket 연결"""
        ws_url = self.api_url.replace('http', 'ws')
        uri = f"{ws_url}/ws/{session_id}?api_key={self.api_key}"

        self.ws = await websockets.connect(uri)
        print(f"Connected to WebSocket: {session_id}")

        # 메시지 리스너 시작
        asyncio.create_task(self._listen())

    async def _listen(self):
        """WebSocket 메시지 수신"""
        try:
            async for message in self.ws:
                data = json.loads(message)
                event_type = data.get('type')

                # 핸들러 호출
                if event_type in self.handlers:
                    await self.handlers[event_type](data)
        except Exception as e:
            print(f"WebSocket error: {e}")

    async def start_session(self):
        """면접 시작"""
        await self.ws.send(json.dumps({
            "type": "start_session"
        }))

    async def send_audio(self, audio_data: bytes, sample_rate: int = 16000):
        """오디오 전송"""
        audio_b64 = base64.b64encode(audio_data).decode('utf-8')
        await self.ws.send(json.dumps({
            "type": "audio_data",
            "audio": audio_b64,
            "sample_rate": sample_rate,
            "format": "pcm16"
        }))

    async def close(self):
        """연결 종료"""
        if self.ws:
            await self.ws.close()
