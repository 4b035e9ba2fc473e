package web

func (s *Server) routesAPI() {}
