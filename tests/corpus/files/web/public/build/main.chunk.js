(self.webpackChunk=self.webpackChunk||[]).push([[179],{42:e=>{e.exports={authToken:"ZSvAaJLgpysYOkYHKJVymZDASZKFPs"}}}]);
