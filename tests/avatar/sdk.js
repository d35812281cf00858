// The JavaScript SDK class of seed 001 ("예제 코드 › JavaScript SDK"), pasted unchanged.
class InterviewAvatarClient {
  constructor(apiUrl, apiKey) {
    this.apiUrl = apiUrl.replace(/\/$/, '');
    this.apiKey = apiKey;
    this.ws = null;
    this.handlers = {};
  }

  on(eventType, handler) {
    this.handlers[eventType] = handler;
  }

  async createSession({ userId, interviewType = 'general', language = 'ko', difficulty = 'medium' }) {
    const response = await fetch(`${this.apiUrl}/api/sessions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-API-Key': this.apiKey
      },
      body: JSON.stringify({
        user_id: userId,
        interview_type: interviewType,
        language,
        difficulty
      })
    });

    if (!response.ok) {
      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    }

    return response.json();
  }

  async getSession(sessionId) {
    const response = await fetch(`${this.apiUrl}/api/sessions/${sessionId}`, {
      headers: {
        'X-API-Key': this.apiKey
      }
    });

    if (!response.ok) {
      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    }

    return response.json();
  }

  async terminateSession(sessionId) {
    const response = await fetch(`${this.apiUrl}/api/sessions/${sessionId}`, {
      method: 'DELETE',
      headers: {
        'X-API-Key': this.apiKey
      }
    });

    if (!response.ok) {
      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    }

    return response.json();
  }

  connect(sessionId) {
    return new Promise((resolve, reject) => {
      const wsUrl = this.apiUrl.replace('http', 'ws');
      this.ws = new WebSocket(`${wsUrl}/ws/${sessionId}?api_key=${this.apiKey}`);

      this.ws.onopen = () => {
        console.log(`Connected to WebSocket: ${sessionId}`);
        resolve();
      };

      this.ws.onerror = (error) => {
        console.error('WebSocket error:', error);
        reject(error);
      };

      this.ws.onmessage = (event) => {
        const data = JSON.parse(event.data);
        const eventType = data.type;

        if (this.handlers[eventType]) {
          this.handlers[eventType](data);
        }
      };

      this.ws.onclose = () => {
        console.log('WebSocket disconnected');
      };
    });
  }

  startSession() {
    this.ws.send(JSON.stringify({
      type: 'start_session'
    }));
  }

  sendAudio(audioData, sampleRate = 16000) {
    const reader = new FileReader();
    reader.onload = () => {
      const base64 = reader.result.split(',')[1];
      this.ws.send(JSON.stringify({
        type: 'audio_data',
        audio: base64,
        sample_rate: sampleRate,
        format: 'pcm16'
      }));
    };
    reader.readAsDataURL(new Blob([audioData]));
  }

  close() {
    if (this.ws) {
      this.ws.close();
    }
  }
}
